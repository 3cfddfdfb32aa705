using Google.Protobuf.WellKnownTypes;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience.Registrations;

/// <summary>Between the contract's registration messages and the domain.</summary>
public static class RegistrationMessages
{
    public static RegistrationStatus? ToStatus(Proto.RegistrationStatus status) => status switch
    {
        Proto.RegistrationStatus.Registered => RegistrationStatus.Registered,
        Proto.RegistrationStatus.Waitlisted => RegistrationStatus.Waitlisted,
        Proto.RegistrationStatus.Cancelled => RegistrationStatus.Cancelled,
        _ => null,
    };

    public static Proto.Registration ToProto(Registration registration, int waitlistPosition)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new Proto.Registration
        {
            Id = registration.Id.ToString(),
            ExperienceId = registration.ExperienceId.ToString(),
            SessionId = registration.SessionId?.ToString() ?? string.Empty,
            ProfessionalId = registration.ProfessionalId,
            FullName = registration.FullName,
            Email = registration.Email,
            OrganizationName = registration.OrganizationName,
            OrganizationId = registration.OrganizationId?.ToString() ?? string.Empty,
            Role = registration.Role,
            Status = (Proto.RegistrationStatus)((int)registration.Status + 1),
            WaitlistPosition = registration.Status == RegistrationStatus.Waitlisted ? waitlistPosition : 0,
            RegisteredAt = Timestamp.FromDateTimeOffset(registration.RegisteredAt),
            FromWaitlist = registration.FromWaitlist,
        };
    }

    public static Proto.Attendance ToProto(Attendance attendance)
    {
        ArgumentNullException.ThrowIfNull(attendance);
        return new Proto.Attendance
        {
            RegistrationId = attendance.RegistrationId.ToString(),
            SessionId = attendance.SessionId.ToString(),
            Status = attendance.Status == AttendanceStatus.Attended ? Proto.AttendanceStatus.Attended : Proto.AttendanceStatus.NoShow,
            RecordedAt = Timestamp.FromDateTimeOffset(attendance.RecordedAt),
        };
    }
}
